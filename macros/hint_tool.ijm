// Color hints: puts the Color Hint Tool in the toolbar, with a live preview through a hint-aware model.
// Then pick a color (color picker / foreground color) and on the image: click = point hint, drag = brush
// stroke, shift-drag = outline a region, alt-click = remove a hint. Run Colorize when done: it uses the
// hints (ROIs named hint-N) by default. A model without hint inputs gives no preview (the Log says why).
model = "general";   // or "file" with modelfile=[/path/to/hint-aware.zip]
run("Hint Tool", "model=" + model + " modelfile=[] device=cpu preview=true hintradius=3 brush=8 reach=default");
