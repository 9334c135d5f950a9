#include "CBoostSPSC.h"

#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <chrono>
#include <thread>
#include <vector>

namespace {

struct SampleItem {
    uint64_t time;
    uint16_t force[5];
    int16_t accel[3];
    int16_t gyro[3];
    uint16_t sequence;
};
static_assert(sizeof(SampleItem) == 32, "sample-sized item");

template <typename T> T make(uint64_t i) {
    if constexpr (sizeof(T) == 8) {
        return T(i);
    } else {
        T item{};
        item.time = i;
        item.sequence = uint16_t(i);
        return item;
    }
}
template <typename T> uint64_t key(const T &item) {
    if constexpr (sizeof(T) == 8) return uint64_t(item); else return item.time;
}

template <typename T> using Queue = boost::lockfree::spsc_queue<T, boost::lockfree::capacity<4096>>;

uint64_t now_ns() {
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch()).count());
}

template <typename T> uint64_t single_thread(uint64_t n) {
    auto *queue = new Queue<T>();
    uint64_t sum = 0;
    T out;
    uint64_t start = now_ns();
    for (uint64_t i = 0; i < n; i++) {
        queue->push(make<T>(i));
        queue->pop(out);
        sum += key(out);
    }
    uint64_t elapsed = now_ns() - start;
    delete queue;
    if (sum == 42) return 0;  // keeps the loop
    return elapsed;
}

template <typename T> uint64_t cross_thread(uint64_t n, int batch) {
    auto *queue = new Queue<T>();
    std::atomic<bool> go{false};
    std::thread producer([&] {
        while (!go.load(std::memory_order_acquire)) {}
        if (batch == 1) {
            for (uint64_t i = 0; i < n; i++) {
                T item = make<T>(i);
                while (!queue->push(item)) {}
            }
        } else {
            std::vector<T> items(static_cast<size_t>(batch));
            for (uint64_t i = 0; i < n;) {
                size_t count = size_t(std::min<uint64_t>(uint64_t(batch), n - i));
                for (size_t k = 0; k < count; k++) items[k] = make<T>(i + k);
                size_t sent = 0;
                while (sent < count) sent += queue->push(items.data() + sent, count - sent);
                i += count;
            }
        }
    });
    uint64_t sum = 0, received = 0;
    uint64_t start = now_ns();
    go.store(true, std::memory_order_release);
    if (batch == 1) {
        T out;
        while (received < n) {
            if (queue->pop(out)) { sum += key(out); received++; }
        }
    } else {
        std::vector<T> out(static_cast<size_t>(batch));
        while (received < n) {
            size_t got = queue->pop(out.data(), size_t(batch));
            for (size_t k = 0; k < got; k++) sum += key(out[k]);
            received += got;
        }
    }
    uint64_t elapsed = now_ns() - start;
    producer.join();
    delete queue;
    if (sum != n * (n - 1) / 2) return 0;  // a wrong sum shows as a zero time
    return elapsed;
}

template <typename T> void ping_pong(uint64_t round_trips, uint64_t *latencies) {
    auto *there = new Queue<T>();
    auto *back = new Queue<T>();
    std::thread echo([&] {
        T item;
        for (uint64_t i = 0; i < round_trips; i++) {
            while (!there->pop(item)) {}
            while (!back->push(item)) {}
        }
    });
    T item = make<T>(0);
    for (uint64_t i = 0; i < round_trips; i++) {
        uint64_t start = now_ns();
        while (!there->push(make<T>(i))) {}
        while (!back->pop(item)) {}
        latencies[i] = now_ns() - start;
    }
    echo.join();
    delete there;
    delete back;
}

}  // namespace

extern "C" uint64_t boost_single_thread_ns(int item_size, uint64_t n) {
    return item_size == 8 ? single_thread<uint64_t>(n) : single_thread<SampleItem>(n);
}

extern "C" uint64_t boost_cross_thread_ns(int item_size, uint64_t n, int batch) {
    return item_size == 8 ? cross_thread<uint64_t>(n, batch) : cross_thread<SampleItem>(n, batch);
}

extern "C" void boost_ping_pong(int item_size, uint64_t round_trips, uint64_t *latencies_ns) {
    if (item_size == 8) ping_pong<uint64_t>(round_trips, latencies_ns);
    else ping_pong<SampleItem>(round_trips, latencies_ns);
}
