let v = "l1\n    l2"; in ''
    ${v}
    end
''
