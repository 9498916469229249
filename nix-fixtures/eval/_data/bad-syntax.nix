# deliberately broken: imported by paths/import-syntax-error
{ a = 1
