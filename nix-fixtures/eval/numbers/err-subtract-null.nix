5 - null
