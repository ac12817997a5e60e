print("profilec")
