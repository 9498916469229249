# deliberately broken: imported by import/err-syntax-error
{ a = 1
