toString ./a/../b/./c
