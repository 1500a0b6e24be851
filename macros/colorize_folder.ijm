// Colorize every image of a folder (recursively) into an output folder.
// Runs headless too:  ImageJ-linux64 --headless --console -macro colorize_folder.ijm "/in,/out"
args = getArgument();
if (args != "") {
    parts = split(args, ",");
    input = parts[0];
    output = parts[1];
} else {
    input = getDirectory("Folder of grayscale images");
    output = getDirectory("Output folder");
}
run("Colorize Folder", "input=[" + input + "] output=[" + output + "] model=general modelfile=[] device=cpu overwrite=false strength=1");
print("Colorized " + input + " into " + output);
