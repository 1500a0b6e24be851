// A contact sheet of every tenth photo of the historical set (the 1st, 11th, 21st, ...): model A | model B.
// Run from the repository root after a build (A, B: model files or built-in names):
//   jshell --class-path "target/colorizer.jar:$(ls target/lib/*.jar | tr '\n' ':')" \
//     -R-Ddata=HISTORICAL_DIR -R-Da=OLD.zip -R-Db=NEW.zip -R-Dsheet=docs/general-pool-historical.jpg \
//     models/historical-compare.jsh
import java.nio.file.*; import java.util.*; import ij.*;
import org.colorizer.io.*; import org.colorizer.colorize.*; import org.colorizer.evaluate.*;
List<Path> all = ImageFiles.listImages(Paths.get(System.getProperty("data")));
List<Path> files = new ArrayList<>();
for (int i = 0; i < all.size(); i += Integer.getInteger("every", 10)) files.add(all.get(i));
List<int[][]> rows = new ArrayList<>(); List<int[]> sizes = new ArrayList<>();
for (Path f : files) { rows.add(new int[2][]); }
int col = 0;
for (String model : new String[] {System.getProperty("a"), System.getProperty("b")}) {
  try (Colorizer c = Colorizer.open(model, ai.djl.Device.cpu())) {
    for (int r = 0; r < files.size(); r++) {
      ImagePlus imp = ImageFiles.readImagePlus(files.get(r));
      RgbImage b = ImageFiles.toRgb(ImageColorizer.colorize(c, imp, null));
      rows.get(r)[col] = b.argb();
      if (col == 0) sizes.add(new int[] {b.width(), b.height()});
    }
  }
  col++;
}
ContactSheet.write(Paths.get(System.getProperty("sheet")), rows, sizes, Integer.getInteger("height", 200));
/exit
