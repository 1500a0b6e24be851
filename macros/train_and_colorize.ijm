// Train a colorizer on a folder of color images, then colorize the active (or a chosen) image with it.
// Headless:  ImageJ-linux64 --headless --console -macro train_and_colorize.ijm "/photos,/models/mine.zip,/test.png"
args = getArgument();
if (args != "") {
    parts = split(args, ",");
    data = parts[0];
    model = parts[1];
    test = parts[2];
} else {
    data = getDirectory("Folder of color training images");
    model = File.openDialog("Model file to write (.zip)");
    test = File.openDialog("Grayscale image to colorize");
}
run("Train Colorizer", "data=[" + data + "] validation=[] output=[" + model + "] size=128 levels=6 filters=32 epochs=5 batch=8 pretrain=1 gan=vanilla ganweight=0.15 ema=0.99 device=cpu resume=[] seed=42");
open(test);
run("Colorize", "model=file modelfile=[" + model + "] device=cpu tile=0 strength=1");
outPath = File.getParent(test) + File.separator + File.nameWithoutExtension + "-colorized.png";
saveAs("PNG", outPath);
print("Wrote " + outPath);
