{ ok = 1; bad = abort "aborted inside attrset"; }
