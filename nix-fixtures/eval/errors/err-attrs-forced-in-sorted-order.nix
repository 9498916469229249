{ b = throw "from b"; a = throw "from a"; }
