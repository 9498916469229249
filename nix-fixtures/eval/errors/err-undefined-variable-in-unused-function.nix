let unused = x: x + notDefinedAnywhere; in 1
