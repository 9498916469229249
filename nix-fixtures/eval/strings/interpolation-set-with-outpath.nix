"${{ outPath = "out-path-string"; }}"
