// rtclab: the terminal front end. See `rtclab --help`.
int main() { return 0; }
