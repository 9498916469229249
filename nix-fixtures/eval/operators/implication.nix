[ (true -> false) (false -> false) (false -> true) (true -> true) (false -> false -> false) (true -> false -> false) ]
