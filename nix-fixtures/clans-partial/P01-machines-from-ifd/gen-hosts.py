import json
print(json.dumps([f"node-{i:02d}" for i in range(1, 5)]))
