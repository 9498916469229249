[ (1 == "1") (null == null) (null == false) ([ ] == { }) ("" == null) (true == true) ]
