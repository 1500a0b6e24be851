// docs/historical-sheet.png: the first 8 of the historical photographs (DeOldify's test images; the folder is
// given by -Dphotos), gray input (their L*) | colorized.
// Run from the repository root after a build (MODEL: a model file or built-in name, empty = general):
//   jshell --class-path "target/colorizer.jar:$(ls target/lib/*.jar | tr '\n' ':')" \
//     -R-Dphotos=HISTORICAL_FOLDER -R-Dmodel= -R-Dsheet=docs/historical-sheet.png models/historical-sheet.jsh
// README's docs/historical-strip.png: the first 3 photos, rows 200 px high:
//     -R-Dmodel= -R-Dcount=3 -R-Dheight=200 -R-Dsheet=docs/historical-strip.png models/historical-sheet.jsh
import java.nio.file.*; import java.util.*; import ij.*;
import org.colorizer.io.*; import org.colorizer.colorize.*; import org.colorizer.evaluate.*;
String model = System.getProperty("model");
List<Path> files = ImageFiles.listImages(Paths.get(System.getProperty("photos")));
List<int[][]> rows = new ArrayList<>(); List<int[]> sizes = new ArrayList<>();
try (Colorizer c = Colorizer.open(model, ai.djl.Device.cpu())) {
  for (Path f : files.subList(0, Integer.getInteger("count", 8))) {
    ImagePlus imp = ImageFiles.readImagePlus(f);
    ImagePlus out = ImageColorizer.colorize(c, imp, null);
    RgbImage a = ImageFiles.toRgb(imp), b = ImageFiles.toRgb(out);
    int[] px = a.argb(); float[] l = new float[px.length]; int[] gray = new int[px.length];
    org.colorizer.color.Lab.rgbToL(px, 0, px.length, l, 0); org.colorizer.color.Lab.lToGrayArgb(l, 0, px.length, gray, 0);
    rows.add(new int[][] {gray, b.argb()}); sizes.add(new int[] {a.width(), a.height()});
  }
}
ContactSheet.write(Paths.get(System.getProperty("sheet")), rows, sizes, Integer.getInteger("height", 256));
/exit
