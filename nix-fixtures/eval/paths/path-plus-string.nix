toString (./a + "/b")
