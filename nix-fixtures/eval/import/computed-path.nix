(import (../_data + "/lib.nix")).nested.value
