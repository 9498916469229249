[ (toString 1.5) (toString 0.1) (toString (1 / 3.0)) (toString 2.0) "${toString 2.5e-1}" ]
