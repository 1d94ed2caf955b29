import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_index_never_imports_the_bot_or_telegram():
    code = ("import sys, index, index.cli, index.search, index.build, index.measure.evaluate, index.measure.bench;"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'bot', 'telegram'});"
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"index imported: {result.stdout} {result.stderr}"
