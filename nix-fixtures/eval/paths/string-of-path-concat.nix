"prefix:" + toString ./x
