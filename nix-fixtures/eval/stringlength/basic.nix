map builtins.stringLength [ "" "abc" "héllo" "✓" "a\nb" ]
