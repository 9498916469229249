lib:
  [ (lib.trivial.id 1) (lib.modules.mkDefault 2) (lib.options.mkOption { }) (lib.fixedPoints.fix (s: { a = 1; })) (lib.asserts.assertMsg true "m") ]
