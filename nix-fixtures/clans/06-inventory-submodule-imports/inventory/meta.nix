{
  meta = {
    name = "submods";
    icon = "./assets/icon.png";
  };
}
