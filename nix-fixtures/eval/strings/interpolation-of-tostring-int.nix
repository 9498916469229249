"n=${toString 42}"
