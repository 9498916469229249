# helper: evaluates an attribute that does not exist
{ a = 1; }.missing
