toString (./a + ./b)
