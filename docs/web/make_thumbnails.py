"""Small pictures of the ten templates for the web page, from docs/templates/*.png (run after make_pictures.py).

Run from the repository root:  python docs/web/make_thumbnails.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 300


def main() -> None:
    target = ROOT / "src" / "docgen" / "web" / "static" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "docs" / "templates").glob("*.png")):
        picture = Image.open(source).convert("RGB")
        picture = picture.resize((WIDTH, round(picture.height * WIDTH / picture.width)), Image.LANCZOS)
        picture.quantize(colors=32).save(target / source.name, optimize=True)
        print(target / source.name)


if __name__ == "__main__":
    main()
