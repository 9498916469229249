with (throw "with scope evaluated"); "not forced"
