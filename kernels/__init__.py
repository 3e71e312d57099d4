"""Numba kernels: plain functions over arrays; they import nothing from sim, mesa or simpy."""
