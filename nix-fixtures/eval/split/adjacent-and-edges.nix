builtins.split "," ",a,,b,"
