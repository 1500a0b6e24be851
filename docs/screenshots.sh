#!/usr/bin/env bash
# Takes the documentation's screenshots of the Fiji windows and copies them into docs/screenshots/.
# The window tests draw on a private virtual display (Debian's xvfb; else $DISPLAY) and save the whole screen:
#   TutorialDisplayTest         -> target/tutorial/tutorial.png              -> docs/screenshots/tutorial.png
#   HintToolDisplayTest         -> target/hint-tool/hint-tool.png            -> docs/screenshots/hint-tool.png
#   TrainingMonitorDisplayTest  -> target/training-monitor/defaults-128px.png -> docs/screenshots/train-colorizer.png
# usage: docs/screenshots.sh [MAVEN OPTIONS, e.g. -o]   (needs Maven and the dependencies, as for 'mvn -B verify')
#        SKIP_TESTS=1 docs/screenshots.sh                 (only copies the screenshots of the last test run)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v Xvfb >/dev/null 2>&1 || [ -n "${DISPLAY:-}" ] \
  || { echo "no display: install Debian's xvfb (apt-get install -y xvfb) or set DISPLAY" >&2; exit 1; }
[ "${SKIP_TESTS:-0}" = 1 ] || mvn -B -q "$@" test -Dtest='TutorialDisplayTest,HintToolDisplayTest,TrainingMonitorDisplayTest' -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p docs/screenshots target/screenshots
# the screen is black outside the windows (no desktop): keep the windows, cut the black margin
cat > target/screenshots/Crop.java <<'JAVA'
import java.awt.image.BufferedImage; import java.io.File; import javax.imageio.ImageIO;
public class Crop {
  public static void main(String[] a) throws Exception {
    BufferedImage im = ImageIO.read(new File(a[0]));
    int x0 = im.getWidth(), y0 = im.getHeight(), x1 = -1, y1 = -1;
    for (int y = 0; y < im.getHeight(); y++) for (int x = 0; x < im.getWidth(); x++)
      if ((im.getRGB(x, y) & 0xFFFFFF) != 0) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    if (x1 < 0) throw new IllegalStateException(a[0] + " is black");
    ImageIO.write(im.getSubimage(x0, y0, x1 - x0 + 1, y1 - y0 + 1), "png", new File(a[1]));
  }
}
JAVA
copy() {
  [ -s "$1" ] || { echo "$1 was not written (was the window test skipped?)" >&2; exit 1; }
  java target/screenshots/Crop.java "$1" "docs/screenshots/$2"
  echo "docs/screenshots/$2"
}
copy target/tutorial/tutorial.png tutorial.png
copy target/hint-tool/hint-tool.png hint-tool.png
copy target/training-monitor/defaults-128px.png train-colorizer.png
