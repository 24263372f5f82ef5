"""docx → PDF with LibreOffice headless (Debian's ``libreoffice-writer``).

The bulletin names the fonts GB/T 9704 asks for (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312), which a Linux machine rarely has; ``fonts.conf`` beside this module tells
fontconfig to draw them with Debian's ``fonts-noto-cjk`` (Song and FangSong and Kai styles with
Noto Serif CJK SC, Hei with Noto Sans CJK SC) instead of whatever font has the glyphs.  The
conversion runs with its own LibreOffice profile in a temporary folder, so it neither needs
nor touches the user's."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from planscope.errors import OutputError

SOFFICE = ("soffice", "libreoffice")


def soffice() -> str | None:
    return next((found for name in SOFFICE if (found := shutil.which(name))), None)


def docx_to_pdf(docx: Path, pdf: Path, timeout: float = 180) -> Path:
    """Write ``pdf`` from ``docx``; OutputError when LibreOffice is missing or fails."""
    program = soffice()
    if program is None:
        raise OutputError(pdf, "需要 LibreOffice（Debian: apt-get install libreoffice-writer）/ LibreOffice is "
                               "needed to make a PDF")
    conf = resources.files("planscope.reports") / "fonts.conf"
    with tempfile.TemporaryDirectory(prefix="planscope-lo-") as tmp, resources.as_file(conf) as conf_path:
        env = {**os.environ, "FONTCONFIG_FILE": str(conf_path), "HOME": tmp}
        cmd = [program, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
               "--outdir", tmp, str(docx)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        made = Path(tmp) / (docx.stem + ".pdf")
        if done.returncode != 0 or not made.is_file():
            raise OutputError(pdf, f"LibreOffice 转换失败 / conversion failed: {done.stderr.strip()[:200]}")
        shutil.move(str(made), pdf)
    return pdf
