# a function file imported with arguments
{ a, b ? 2 }:
a + b
