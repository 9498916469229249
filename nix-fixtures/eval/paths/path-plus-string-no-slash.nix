toString (./a + "b")
