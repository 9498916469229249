[ (false && throw "rhs evaluated") (true || throw "rhs evaluated") (false -> throw "rhs evaluated") ]
