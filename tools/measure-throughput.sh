#!/usr/bin/env bash
# Throughput figures of docs/PERFORMANCE.md: RankBench (DJL/libtorch) vs PyTorch on the same ResNet-20,
# 1 and 2 threads, idle and with one competing busy process; with 2 threads also with C1 only
# (-XX:TieredStopAtLevel=1, as the installed launcher runs), then undoing one change after the other: glibc's
# default native heap (-Drankbench.nativeHeap=return), NCHW activations in training too
# (-Drankbench.layout=nchw), and GNU's OpenMP runtime that the libtorch natives bundle
# (-Drankbench.openmp=gnu, the default where LLVM's libomp is not installed): the last row is RankBench
# without any of the three. Run on an
# otherwise idle machine after `mvn -q -DskipTests package` (PyTorch numbers need Debian's python3-torch).
set -u
cd "$(dirname "$0")/.."
JAR=target/rankbench.jar
steps=${STEPS:-20}
busy() { (while :; do :; done) >/dev/null 2>&1 & echo $!; }
for load in idle busy; do
    pid=""
    [ "$load" = busy ] && pid=$(busy)
    for t in 1 2; do
        echo "{\"load\":\"$load\",\"rankbench\":$(java -jar $JAR bench --json --threads $t --steps $steps 2>/dev/null | tr -d '\n ')}"
        if [ "$t" = 2 ]; then
            echo "{\"load\":\"$load\",\"rankbench-c1\":$(java -XX:TieredStopAtLevel=1 -jar $JAR bench --json --threads $t --steps $steps 2>/dev/null | tr -d '\n ')}"
            R=-Drankbench.nativeHeap=return
            echo "{\"load\":\"$load\",\"rankbench-c1-return\":$(java -XX:TieredStopAtLevel=1 $R -jar $JAR bench --json --threads $t --steps $steps 2>/dev/null | tr -d '\n ')}"
            echo "{\"load\":\"$load\",\"rankbench-c1-return-nchw\":$(java -XX:TieredStopAtLevel=1 $R -Drankbench.layout=nchw -jar $JAR bench --json --threads $t --steps $steps 2>/dev/null | tr -d '\n ')}"
            echo "{\"load\":\"$load\",\"rankbench-c1-return-nchw-gnu\":$(java -XX:TieredStopAtLevel=1 $R -Drankbench.layout=nchw -Drankbench.openmp=gnu -jar $JAR bench --json --threads $t --steps $steps 2>/dev/null | tr -d '\n ')}"
        fi
        if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
            echo "{\"load\":\"$load\",\"pytorch\":$(/usr/bin/python3 tools/bench_pytorch.py $t $steps)}"
        fi
    done
    [ -n "$pid" ] && kill "$pid"
done
