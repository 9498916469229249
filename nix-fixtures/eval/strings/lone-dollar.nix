"cost: $5 and $ alone"
