[ (!true) (!!false) (!(1 == 2)) ]
