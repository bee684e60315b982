// rtclab-bench: placeholder until the benchmarks land.
int main() { return 0; }
