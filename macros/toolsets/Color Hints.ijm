// Color Hints toolset: copy to Fiji.app/macros/toolsets/ and choose it from the toolbar's ">>" menu.
// Installing it adds the Color Hint Tool (the AutoRun macro) and a button that runs Colorize with the hints.

macro "AutoRun" {
    run("Hint Tool", "model=general modelfile=[] device=cpu preview=true hintradius=3 brush=8 reach=default");
}

macro "Colorize with hints Action Tool - Cd22o1155C2a2o9155C23dF3a9a" {
    run("Colorize", "model=general modelfile=[] device=cpu tile=0 strength=1 hints=auto hintradius=3 reach=default");
}
