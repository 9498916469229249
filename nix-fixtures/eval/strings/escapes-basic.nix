"a\nb\tc\"d\\e\rf"
