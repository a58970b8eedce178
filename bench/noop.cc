// noop: a C++ program that does nothing, the floor for process-start latency.
int main() { return 0; }
