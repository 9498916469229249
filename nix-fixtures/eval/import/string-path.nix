(import (toString ../_data/lib.nix)).x
