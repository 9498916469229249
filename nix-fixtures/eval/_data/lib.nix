# helper for import/* cases
{
  x = 1;
  double = a: a * 2;
  nested.value = "from-lib";
}
