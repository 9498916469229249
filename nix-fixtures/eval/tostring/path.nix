toString ./file.txt
