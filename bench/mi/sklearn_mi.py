"""The anchor of docs/PERFORMANCE.md's `kullback mi` row: scikit-learn's mutual_info_regression as a whole process
(read the CSV with pandas, score every column but the target). Usage: sklearn_mi.py DATA.csv TARGET [K]."""
import sys
import pandas as pd
from sklearn.feature_selection import mutual_info_regression

data = pd.read_csv(sys.argv[1])
target = sys.argv[2]
k = int(sys.argv[3]) if len(sys.argv) > 3 else 3
X = data.drop(columns=[target]).values
mi = mutual_info_regression(X, data[target].values, n_neighbors=k, random_state=0)
for name, v in sorted(zip(data.columns.drop(target), mi), key=lambda t: -t[1]):
    print(f"{name}\t{v:.6f}")
