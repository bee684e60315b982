// placeholder, replaced by the transcript printer
namespace rtclab::cli {}
