{ groups = [ "wheel" ]; }
