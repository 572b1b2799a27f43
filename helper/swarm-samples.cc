// SPDX-License-Identifier: GPL-2.0-only

// SwarmStatistics' samples written out: the CSV and the gnuplot scripts (apart from the
// statistics themselves, which follow the peers' traces).

#include "swarm-statistics.h"

#include "ns3/gnuplot.h"

#include <fstream>

namespace ns3
{

void
SwarmStatistics::WriteSamplesCsv(std::ostream& os, const std::vector<SwarmSample>& samples)
{
    os << "time_s,online,seeds,leechers_done,upload_bps,upload_capacity_bps,"
          "leecher_upload_bps,leecher_capacity_bps,min_copies,distributed_copies\n";
    for (const auto& s : samples)
    {
        os << s.time << "," << s.online << "," << s.seeds << "," << s.leechersDone << ","
           << static_cast<uint64_t>(s.uploadBps) << "," << static_cast<uint64_t>(s.capacityBps)
           << "," << static_cast<uint64_t>(s.leecherUploadBps) << ","
           << static_cast<uint64_t>(s.leecherCapacityBps) << "," << s.minCopies << ","
           << s.distributedCopies << "\n";
    }
}

void
SwarmStatistics::WriteSamplesPlot(const std::string& fileName,
                                  const std::string& title,
                                  const std::vector<SwarmSample>& samples)
{
    Gnuplot plot(fileName + ".png", title);
    plot.SetTerminal("png size 900,500");
    plot.SetLegend("time (s)", "peers");
    plot.AppendExtra("set y2label 'Mbit/s'");
    plot.AppendExtra("set y2tics");
    plot.AppendExtra("set key outside");
    Gnuplot2dDataset online("peers online");
    Gnuplot2dDataset seeds("seeds online");
    Gnuplot2dDataset done("leechers done");
    Gnuplot2dDataset upload("upload rate (Mbit/s)");
    Gnuplot2dDataset capacity("upload capacity online (Mbit/s)");
    Gnuplot2dDataset leecherUpload("leechers' upload rate (Mbit/s)");
    Gnuplot2dDataset leecherCapacity("leechers' upload capacity (Mbit/s)");
    const auto all = {&online, &seeds, &done, &upload, &capacity, &leecherUpload, &leecherCapacity};
    for (auto* d : all)
    {
        d->SetStyle(Gnuplot2dDataset::LINES);
    }
    for (auto* d : {&upload, &capacity, &leecherUpload, &leecherCapacity})
    {
        d->SetExtra("axes x1y2");
    }
    for (const auto& s : samples)
    {
        online.Add(s.time, s.online);
        seeds.Add(s.time, s.seeds);
        done.Add(s.time, s.leechersDone);
        upload.Add(s.time, s.uploadBps / 1e6);
        capacity.Add(s.time, s.capacityBps / 1e6);
        leecherUpload.Add(s.time, s.leecherUploadBps / 1e6);
        leecherCapacity.Add(s.time, s.leecherCapacityBps / 1e6);
    }
    for (auto* d : all)
    {
        plot.AddDataset(*d);
    }
    std::ofstream out(fileName);
    plot.GenerateOutput(out);

    // The pieces' availability: a rarest piece with one copy is what a departing seed or a
    // slow uploader can hold the swarm on.
    const std::string stem =
        fileName.size() > 4 && fileName.compare(fileName.size() - 4, 4, ".plt") == 0
            ? fileName.substr(0, fileName.size() - 4)
            : fileName;
    const std::string availabilityFile = stem + "-availability.plt";
    Gnuplot availability(availabilityFile + ".png", title + ": piece availability");
    availability.SetTerminal("png size 900,500");
    availability.SetLegend("time (s)", "copies among the peers online");
    availability.AppendExtra("set key outside");
    Gnuplot2dDataset rarest("copies of the rarest piece");
    Gnuplot2dDataset distributed("distributed copies");
    for (auto* d : {&rarest, &distributed})
    {
        d->SetStyle(Gnuplot2dDataset::LINES);
    }
    for (const auto& s : samples)
    {
        rarest.Add(s.time, s.minCopies);
        distributed.Add(s.time, s.distributedCopies);
    }
    availability.AddDataset(rarest);
    availability.AddDataset(distributed);
    std::ofstream availabilityOut(availabilityFile);
    availability.GenerateOutput(availabilityOut);
}

} // namespace ns3
