"""Run a command and print its wall time, peak memory and exit status as JSON (used by compare.py).

    python bench/measure.py [--stdout FILE] [--stderr FILE] COMMAND [ARG]...

The command's output goes to the files named (else nowhere): compare.py reads them to
check that the run linted, since a linter that crashes at start-up is fast too. A
command that cannot be started is reported as exit status 127, its error in the stderr file.
"""

import json
import resource
import subprocess
import sys
import time


def main(arguments):
    outputs = {"--stdout": None, "--stderr": None}
    while arguments and arguments[0] in outputs:
        outputs[arguments[0]], arguments = arguments[1], arguments[2:]
    streams = {name: open(path, "wb") if path else subprocess.DEVNULL for name, path in outputs.items()}
    started = time.perf_counter()
    try:
        status = subprocess.run(arguments, stdout=streams["--stdout"], stderr=streams["--stderr"]).returncode
    except OSError as error:  # not found, not executable: the run did not happen
        status = 127
        if outputs["--stderr"]:
            streams["--stderr"].write(f"cannot run {arguments[0]}: {error.strerror}\n".encode())
    seconds = time.perf_counter() - started
    for stream in streams.values():
        if stream is not subprocess.DEVNULL:
            stream.close()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "exit": status}))


if __name__ == "__main__":
    main(sys.argv[1:])
