import ../_data/pkg
